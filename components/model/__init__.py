"""What a view is, as plain data: the user's choice and how it narrows the rows (filters),
what a map shows and in what order (map), the partnership cards, a city's details and the
overview (details), and the texts shared by them (wording). No drawing library, no Streamlit."""
