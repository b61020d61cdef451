print("dynsweep")
