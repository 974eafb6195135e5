package portal

import (
	"slices"
	"strings"
	"testing"
)

func TestPastedTitles(t *testing.T) {
	got, err := pastedTitles("- Maquette accueil\r\n\n* Intégration   \n• Recette interne\n1. Mise en ligne\n12) Formation\n[ ] Sauvegardes\n   \n2026 bilan annuel\n1.5 Go de données\n")
	want := []string{"Maquette accueil", "Intégration", "Recette interne", "Mise en ligne", "Formation", "Sauvegardes", "2026 bilan annuel", "1.5 Go de données"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("pastedTitles = %q, %v; want %q", got, err, want)
	}
	for text, field := range map[string]string{"": "text", "\n  \n- \n": "text", "ok\nok\n" + strings.Repeat("x", 201): "text",
		strings.Repeat("tâche\n", maxPastedTasks+1): "text", "a\x00b": "text"} {
		_, err := pastedTitles(text)
		if e, ok := AsError(err); !ok || e.Field != field || e.Kind != KindInvalid {
			t.Errorf("pastedTitles(%.20q) = %v, want invalid %s", text, err, field)
		}
	}
	_, err = pastedTitles("ok\nok\n" + strings.Repeat("x", 201))
	if e, _ := AsError(err); !strings.HasPrefix(e.Message(), "Ligne 3 :") {
		t.Errorf("a bad line is named by its number: %q", e.Message())
	}
}
