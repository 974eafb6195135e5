package password

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// fast keeps the tests quick; the parameters are still read back from the hash.
var fast = Params{MemoryKiB: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	long := strings.Repeat("é", 200) // long passwords are not truncated: the last rune counts
	for _, pw := range []string{"correct horse battery", long} {
		h, err := Hash(pw, fast)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
			t.Fatalf("hash %q is not a PHC argon2id string", h)
		}
		if ok, _, err := Verify(pw, h, fast); !ok || err != nil {
			t.Fatalf("Verify(right) = %v, %v", ok, err)
		}
		if ok, _, _ := Verify(pw[:len(pw)-1]+"x", h, fast); ok {
			t.Fatal("Verify accepted a password differing in its last character")
		}
	}
	h1, _ := Hash("same", fast)
	h2, _ := Hash("same", fast)
	if h1 == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyAsksForRehashWhenParamsGrow(t *testing.T) {
	h, _ := Hash("pw-abcdefgh", fast)
	if _, rehash, _ := Verify("pw-abcdefgh", h, fast); rehash {
		t.Fatal("rehash asked with unchanged parameters")
	}
	if _, rehash, _ := Verify("pw-abcdefgh", h, Default); !rehash {
		t.Fatal("no rehash asked when the parameters grew")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$2a$10$abc", "$argon2id$v=19$m=x$a$b", "$argon2i$v=19$m=1,t=1,p=1$YQ$YQ"} {
		if _, _, err := Verify("x", h, fast); !errors.Is(err, ErrMalformed) {
			t.Errorf("Verify(%q) err = %v, want ErrMalformed", h, err)
		}
	}
}

func TestPolicy(t *testing.T) {
	cases := []struct {
		pw, email string
		ok        bool
		rule      Rule
	}{
		{"court", "", false, TooShort},
		{"Password", "", false, TooCommon},
		{"AZERTY123", "", false, TooCommon},
		{"azertyuiop", "", false, TooCommon},
		{"un.client@exemple.fr", "un.client@exemple.fr", false, IsEmail},
		{strings.Repeat("a", MaxLength+1), "", false, TooLong},
		{"cheval-agrafe-batterie", "", true, 0},
		{"été 2026 à Dakar", "", true, 0},
	}
	for _, c := range cases {
		err := Check(c.pw, c.email)
		if (err == nil) != c.ok {
			t.Errorf("Check(%q) = %v, want ok=%v", c.pw, err, c.ok)
		}
		var pe *PolicyError
		if err != nil && !errors.As(err, &pe) {
			t.Errorf("Check(%q) error is not a PolicyError", c.pw)
		} else if err != nil && pe.Rule != c.rule {
			t.Errorf("Check(%q) broke rule %d, want %d", c.pw, pe.Rule, c.rule)
		}
	}
}

func BenchmarkHashDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Hash("cheval-agrafe-batterie", Default); err != nil {
			b.Fatal(err)
		}
	}
}

// The hashing thread runs at nice 10; the caller's thread keeps its own priority.
func TestAtLowPriorityLowersOnlyTheHashingThread(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("thread priorities are lowered on Linux only; this is " + runtime.GOOS)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadNice(t)
	var inside int
	AtLowPriority(func() { inside = threadNice(t) })
	if inside != before+lowPriorityNice && inside != 19 {
		t.Errorf("nice inside = %d, want %d (the caller's %d + %d)", inside, before+lowPriorityNice, before, lowPriorityNice)
	}
	if after := threadNice(t); after != before {
		t.Errorf("the caller's nice changed from %d to %d", before, after)
	}
}

// threadNice reads the nice value of the calling thread (field 19 of /proc/thread-self/stat).
func threadNice(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		t.Fatal(err)
	}
	// The command name (field 2) may hold spaces: count fields after its closing parenthesis.
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	n, err := strconv.Atoi(fields[16])
	if err != nil {
		t.Fatal(err)
	}
	return n
}
