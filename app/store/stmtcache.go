package store

import (
	"container/list"
	"context"
	"database/sql/driver"
)

// The portal keeps parameters server-side (interpolateParams is refused), so without help every
// query with arguments costs three round trips and three commands on the server: prepare,
// execute, close. The connector below keeps each connection's prepared statements in a small
// LRU keyed by the query text, so that the queries a page makes again and again cost one
// round trip each. It sits under database/sql, so every query of the store (on the pool or in
// a transaction) gets it without knowing.

// stmtCacheSize bounds the statements kept per connection: the portal's distinct queries fit,
// and max_open_conns × stmtCacheSize stays far below MariaDB's max_prepared_stmt_count (16 382).
const stmtCacheSize = 128

// maxCachedArgs: queries with more arguments are built for one call (bulk inserts) and would
// only push the hot ones out of the cache. A page's worth of ids (a dashboard's projects, a
// thread's messages) stays under it.
const maxCachedArgs = 128

type cachingConnector struct{ driver.Connector }

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn), nil
}

// innerConn is what go-sql-driver's connection offers; the wrapper forwards all of it.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// cachingConn is used by one goroutine at a time (database/sql's contract), hence no lock.
type cachingConn struct {
	innerConn
	lru   *list.List // of *cachedStmt, most recently used first
	byKey map[string]*list.Element
}

type cachedStmt struct {
	query string
	stmt  driver.Stmt
}

func newCachingConn(conn driver.Conn) driver.Conn {
	inner, ok := conn.(innerConn)
	if !ok {
		// Another driver: no cache rather than a connection that hides what it can do.
		return conn
	}
	return &cachingConn{innerConn: inner, lru: list.New(), byKey: map[string]*list.Element{}}
}

func (c *cachingConn) prepared(ctx context.Context, query string) (driver.Stmt, error) {
	if e, ok := c.byKey[query]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt, nil
	}
	stmt, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.byKey[query] = c.lru.PushFront(&cachedStmt{query: query, stmt: stmt})
	if c.lru.Len() > stmtCacheSize {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.byKey, old.query)
		_ = old.stmt.Close()
	}
	return stmt, nil
}

func cacheable(args []driver.NamedValue) bool { return len(args) > 0 && len(args) <= maxCachedArgs }

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return viaCache(ctx, c, query, args, c.innerConn.QueryContext, func(stmt driver.Stmt) (driver.Rows, error) {
		return stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	})
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return viaCache(ctx, c, query, args, c.innerConn.ExecContext, func(stmt driver.Stmt) (driver.Result, error) {
		return stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	})
}

// viaCache runs a cacheable statement through its prepared statement (run), any other
// straight on the connection (direct).
func viaCache[R any](ctx context.Context, c *cachingConn, query string, args []driver.NamedValue,
	direct func(context.Context, string, []driver.NamedValue) (R, error), run func(driver.Stmt) (R, error)) (R, error) {
	if !cacheable(args) {
		return direct(ctx, query, args)
	}
	stmt, err := c.prepared(ctx, query)
	if err != nil {
		var zero R
		return zero, err
	}
	return run(stmt)
}

// Close closes the connection; the server frees its statements with it.
func (c *cachingConn) Close() error {
	c.lru.Init()
	clear(c.byKey)
	return c.innerConn.Close()
}
