def register_calibrate(subparsers):
    pass
