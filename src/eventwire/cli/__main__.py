from eventwire.cli.main import main

main()
