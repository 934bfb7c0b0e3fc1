import sys

from tests.random.run import main

sys.exit(main())
