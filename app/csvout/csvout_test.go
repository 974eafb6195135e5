package csvout

import (
	"bytes"
	"testing"
)

func TestRowsAreSpreadsheetSafe(t *testing.T) {
	var b bytes.Buffer
	w := New(&b)
	w.Row("=1+1", "+33 6", "-x", "@SUM", "texte ; avec « guillemets »", "")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff'=1+1;'+33 6;'-x;'@SUM;\"texte ; avec « guillemets »\";\n"
	if got := b.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
