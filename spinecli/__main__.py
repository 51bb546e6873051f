from spinecli.cli import main

main()
