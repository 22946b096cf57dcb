"""The actor knowledge base: generic layers (countries) that every conflict pack builds on."""
