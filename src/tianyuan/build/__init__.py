"""Making the book: both editions as HTML and PDF (`book`), the plotly.js it serves
(`vendor`), JupyterLab on the chapters (`lab`)."""
