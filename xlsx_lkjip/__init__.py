"""xlsx-lkjip: complete quarterly Renja / PK monitoring workbooks and build the regional recap."""

__version__ = "0.1.0"
