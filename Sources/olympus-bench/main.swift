import Olympus

print("placeholder")
