"""Drawing a view: the web map (folium adapter and map_layers.js), the slide picture
(matplotlib), the HTML map to take away, the comparison's small multiples, the overlap and
timeline charts (Altair), the CSV/XLSX/GeoJSON exports and the Leaflet files the app serves.
No Streamlit: each function returns a picture, a chart, a file or a folium object."""
