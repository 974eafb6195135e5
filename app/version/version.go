// Package version names the build; the release build sets Version with -ldflags.
package version

// Version is overridden at build time: -ldflags "-X github.com/bigdatacenter/portal/app/version.Version=1.2.3".
var Version = "dev"
