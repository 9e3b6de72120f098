// The USB transport.
