from afterview.launcher import main

main()
