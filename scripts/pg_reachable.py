"""Exit 0 when the PostgreSQL server of the given URL accepts a connection, else 1."""

import sys

import psycopg

url = sys.argv[1]
try:
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
sys.exit(0)
