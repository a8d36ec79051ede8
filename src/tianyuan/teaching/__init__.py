"""Teaching content (questions, glossary) for the book's teaching part and the handout."""
