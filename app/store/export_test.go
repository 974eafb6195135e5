package store

// StmtCacheSize lets the tests check the bound of the statement cache.
const StmtCacheSize = stmtCacheSize
