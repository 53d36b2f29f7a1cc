"""The sos project's own OpenAlgo simulator: OpenAlgo's REST and WebSocket protocol on
127.0.0.1, over a simulated NSE market on its own clock, with faults on command.

Test infrastructure only. It is written in Python, apart from sos's C++ client, so that a
misreading of the protocol in the client is not mirrored by the server."""

VERSION = "0.1.0"
