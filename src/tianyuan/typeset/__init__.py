"""The print side: TeX for the book's PDF (`tex`) and the student handout (`handout`)."""
