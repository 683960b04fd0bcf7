"""Default triage models shipped with the package (artifacts, sidecars, manifest, card)."""
