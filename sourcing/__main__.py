from sourcing.cli import main

raise SystemExit(main())
