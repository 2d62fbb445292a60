"""The only modules that know Pelican: the generator, and the build into a temporary folder then swapped in."""
