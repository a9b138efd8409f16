import sys

from journey.cli import main

sys.exit(main())
