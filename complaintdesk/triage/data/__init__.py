"""The product's own labelled complaint set and the script that writes it."""
