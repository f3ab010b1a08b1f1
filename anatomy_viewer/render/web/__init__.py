"""The lesson as a self-contained web page: the data the page shows (meshes decimated and packed,
each step's scene, the zone map, labels, the tool's poses and readouts, all measured by the app's own
checker), put into the page template beside the bundled viewer (``web/`` in the checkout, built into
``assets/`` here) as one HTML file that needs no server and no network."""
