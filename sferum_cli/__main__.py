from sferum_cli.cli import main

main()
