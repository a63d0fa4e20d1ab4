"""The Sphinx glue: settings, the domain, the directives, the sphinx-needs
bridge, the build hooks and the reporting of findings."""
