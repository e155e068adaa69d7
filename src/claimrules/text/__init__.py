"""The text layer: explanations in the reader's language, the message catalogues, the HTML
templates, and text from outside shown as written."""
