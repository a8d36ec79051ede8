"""The article and our words: the seed parsed and cleaned, script conversion per edition,
the display rules, the corrections the editions make, the labels of coded values."""
