"""What a view is, as plain data: the user's choice and how it narrows the rows (filters), how
a view travels in the link (link), what a map shows and in what order (map), the partnership
cards, a city's details and the overview (details), and the texts they share (wording). No
drawing library, no Streamlit."""
