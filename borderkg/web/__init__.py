"""`borderkg serve`: the store on the web (the SPARQL 1.1 Protocol, read-only)."""
