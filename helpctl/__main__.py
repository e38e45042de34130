"""`python -m helpctl` runs the CLI."""

from helpctl.cli.app import main

if __name__ == "__main__":
    main()
