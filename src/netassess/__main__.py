from netassess.cli import main

main()
