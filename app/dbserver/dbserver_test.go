package dbserver

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

func TestMissingBinaryNamesThePackage(t *testing.T) {
	saved := searchDirs
	searchDirs = nil
	t.Cleanup(func() { searchDirs = saved })
	t.Setenv("PATH", t.TempDir())
	_, err := Start(context.Background(), Options{DataDir: t.TempDir()})
	if !errors.Is(err, ErrNoServerBinary) || !strings.Contains(err.Error(), "mariadb-server") {
		t.Fatalf("Start without a server binary = %v, want an error naming mariadb-server", err)
	}
}

func TestStartStopKeepsData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a database server twice: skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "db")
	s, err := Start(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	exec := func(s *Server, q string) {
		db, err := sql.Open("mysql", s.DSN(""))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(s, "CREATE DATABASE kept")
	exec(s, "CREATE TABLE kept.t (v VARCHAR(20)) DEFAULT CHARSET=utf8mb4")
	exec(s, "INSERT INTO kept.t VALUES ('été ✓')")
	attached, err := Attach(dir)
	if err != nil || attached.Socket != s.Socket {
		t.Fatalf("Attach = %+v, %v; want socket %s", attached, err, s.Socket)
	}
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	s2, err := Start(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Stop(ctx)
	db, _ := sql.Open("mysql", s2.DSN("kept"))
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT v FROM t").Scan(&v); err != nil || v != "été ✓" {
		t.Fatalf("after restart: %q, %v", v, err)
	}
	var networking string
	if err := db.QueryRow("SELECT @@skip_networking").Scan(&networking); err != nil || networking != "1" {
		t.Fatalf("skip_networking = %q, %v: the private server must not open a TCP port", networking, err)
	}
}
