#!/usr/bin/env python
from jalon.cli import main

if __name__ == "__main__":
    main()
