from biye.cli import main

main()
