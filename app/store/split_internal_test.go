package store

import (
	"reflect"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	src := "-- comment; not a statement\nCREATE TABLE a (\n  x INT -- trailing\n);\n\nINSERT INTO a VALUES (1);\nSELECT 'a;b'\n"
	got := splitStatements(src)
	want := []string{"CREATE TABLE a (\n  x INT -- trailing\n)", "INSERT INTO a VALUES (1)", "SELECT 'a;b'"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("splitStatements = %#v\nwant %#v", got, want)
	}
}
