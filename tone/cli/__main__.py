from tone.cli import main

main()
