package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/server"
	"github.com/bigdatacenter/portal/app/tlsserve"
	"github.com/bigdatacenter/portal/app/version"
)

// newCertificates prepares HTTPS from the tls section (nothing to do in mode off); serve
// builds it before the server so that /readyz can report the certificate's expiry.
func newCertificates(cfg config.Config, log *slog.Logger) (*tlsserve.Server, error) {
	return tlsserve.New(tlsserve.OptionsFrom(cfg, log))
}

// listen opens the listeners of the configuration and serves on them. It returns once they
// are open, or with the error of the one that could not be (a port already taken): "portal
// listening" is logged, and systemd told the portal is ready, only when it truly listens. The
// channel reports the first listener that fails afterwards.
//
//   - tls.mode "off": plain HTTP on server.listen (behind a reverse proxy in production).
//   - "auto" and "files": HTTPS on tls.https_listen; on tls.http_listen, the ACME HTTP-01
//     challenges and a redirect of every other request to HTTPS. server.listen is not used.
//
// srv.Shutdown stops them all: the app closes its own listener, and its shutdown hook stops
// the plain-HTTP listener, the certificate work and the SIGHUP handler.
func listen(cfg config.Config, srv *server.Server, certs *tlsserve.Server, log *slog.Logger) (<-chan error, error) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		// SIGHUP (systemctl reload portal) re-reads the certificate files; in the other modes
		// it does nothing, rather than ending the process as it would by default.
		for range hup {
			if certs.Mode() == tlsserve.ModeFiles {
				_ = certs.Reload()
			} else {
				log.Info("SIGHUP: nothing to reload in this TLS mode", "tls_mode", certs.Mode())
			}
		}
	}()
	var once sync.Once
	srv.App().Hooks().OnShutdown(func() error {
		once.Do(func() { signal.Stop(hup); close(hup) })
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := certs.Close(ctx); err != nil {
			log.Warn("stopping the plain-HTTP listener", "err", err)
		}
		return nil
	})

	if !certs.Enabled() {
		// The listener made here rather than by Fiber's Listen, which opens it in the goroutine
		// that then serves: the port is known taken or held before this returns.
		ln, err := net.Listen(srv.App().Config().Network, cfg.Server.Listen)
		if err != nil {
			return nil, fmt.Errorf("listening on %s (server.listen): %w", cfg.Server.Listen, err)
		}
		errs := make(chan error, 1)
		go func() {
			if err := srv.App().Listener(ln); err != nil {
				errs <- fmt.Errorf("serving on %s: %w", cfg.Server.Listen, err)
			}
		}()
		log.Info("portal listening", "addr", cfg.Server.Listen, "url", cfg.Server.PublicURL, "version", version.Version,
			"trusted_proxies", cfg.TLS.TrustedProxies)
		return errs, nil
	}
	errs := certs.Start(srv.App().Listener)
	// Start opens both listeners before it returns, and reports one it could not open at once.
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	log.Info("portal listening", "https", cfg.TLS.HTTPSListen, "http", cfg.TLS.HTTPListen, "tls_mode", certs.Mode(),
		"url", cfg.Server.PublicURL, "version", version.Version)
	if warn := publicURLMismatch(cfg); warn != "" {
		log.Warn(warn, "server.public_url", cfg.Server.PublicURL)
	}
	return errs, nil
}

// listeningStatus is the line "systemctl status portal" shows while the portal runs.
func listeningStatus(cfg config.Config, certs *tlsserve.Server) string {
	if !certs.Enabled() {
		return "listening on " + cfg.Server.Listen
	}
	return fmt.Sprintf("listening on %s (HTTPS) and %s", cfg.TLS.HTTPSListen, cfg.TLS.HTTPListen)
}

// publicURLMismatch explains why server.public_url does not fit the portal serving HTTPS
// itself: cookies are marked Secure and links in e-mails are built from that URL.
func publicURLMismatch(cfg config.Config) string {
	u, err := url.Parse(cfg.Server.PublicURL)
	if err != nil {
		return ""
	}
	if u.Scheme != "https" {
		return "server.public_url should start with https:// when the portal serves HTTPS"
	}
	if cfg.TLS.Mode == tlsserve.ModeAuto && !slices.ContainsFunc(cfg.TLS.Domains, func(d string) bool {
		return strings.EqualFold(d, u.Hostname())
	}) {
		return "server.public_url names a host that is not in tls.domains: it will get no certificate"
	}
	return ""
}
