from glossary.cnn.model import main

raise SystemExit(main())
