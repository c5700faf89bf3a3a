//go:build !ci

package main

const headlessBuild = false
