def seed_demo():
    return "not yet"
