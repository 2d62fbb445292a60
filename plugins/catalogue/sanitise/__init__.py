"""Partners' bytes (SVG, CSS, images, cached files) rebuilt from allow-lists before anything is published."""
