package portal_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	scaleOnce sync.Once
	scaleSvc  *portal.Service
	scaleDB   *store.DB
)

// scale fills the benchmark dataset once per process: 500 clients, 1 500 client users, 5 000
// projects, 50 000 milestones.
func scale(b *testing.B) (*portal.Service, *store.DB) {
	scaleOnce.Do(func() {
		scaleDB = storetest.NewForProcess(b)
		start := time.Now()
		if _, err := demo.Fill(context.Background(), scaleDB, nil, demo.Scale, "bench-password", time.Now().UTC()); err != nil {
			b.Fatal(err)
		}
		b.Logf("scale dataset filled in %s", time.Since(start).Round(time.Millisecond))
		scaleSvc = portal.New(scaleDB, portal.Options{})
	})
	return scaleSvc, scaleDB
}

func clientActor(b *testing.B, db *store.DB) portal.Actor {
	u, err := db.UserByEmail(context.Background(), "utilisateur1.250@client250.example")
	if err != nil {
		b.Fatal(err)
	}
	return portal.Actor{UserID: u.ID, Role: portal.RoleClient, ClientID: u.ClientID, Email: u.Email}
}

func adminActor(b *testing.B, db *store.DB) portal.Actor {
	u, err := db.UserByEmail(context.Background(), "equipe1@bigdata-center.example")
	if err != nil {
		b.Fatal(err)
	}
	return portal.Actor{UserID: u.ID, Role: portal.RoleAdmin, Email: u.Email}
}

func BenchmarkClientDashboardAtScale(b *testing.B) {
	svc, db := scale(b)
	a := clientActor(b, db)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		list, err := svc.ListProjects(ctx, a, portal.ProjectQuery{})
		if err != nil || list.Total != 10 {
			b.Fatal(list.Total, err)
		}
	}
}

func BenchmarkProjectPageAtScale(b *testing.B) {
	svc, db := scale(b)
	a := clientActor(b, db)
	ctx := context.Background()
	list, err := svc.ListProjects(ctx, a, portal.ProjectQuery{})
	if err != nil {
		b.Fatal(err)
	}
	id := list.Items[0].ID
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := svc.GetProject(ctx, a, id)
		if err != nil || len(d.Milestones) != 10 {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdminOverviewAtScale(b *testing.B) {
	svc, db := scale(b)
	a := adminActor(b, db)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.AdminOverview(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdminProjectListFilteredAtScale(b *testing.B) {
	svc, db := scale(b)
	a := adminActor(b, db)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.ListProjects(ctx, a, portal.ProjectQuery{Status: "en_cours", Late: true, Page: portal.Page{Number: 3}}); err != nil {
			b.Fatal(err)
		}
	}
}
