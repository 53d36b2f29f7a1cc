"""Small servers speaking the formats of sos-feed's other sources (Yahoo Finance's chart, NSE's
public option chain, a WebSocket server such as the seed's SOS bridge), for sos's tests: on
127.0.0.1 only, serving the answers recorded in tests/recorded/, with faults on command."""
