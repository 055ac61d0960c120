"""What every stage uses: the clock, the repository's paths, the settings registry."""
