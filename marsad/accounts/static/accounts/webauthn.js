// The staff pages that ask for a security key: say so when the browser cannot use one, or
// when the key did not answer (allauth's webauthn.js announces that as "allauth.error").
(function () {
  'use strict'
  function show (id) {
    var box = document.getElementById(id)
    if (box) { box.hidden = false }
  }
  document.addEventListener('allauth.error', function (event) {
    event.preventDefault()
    show('webauthn-failed')
  })
  document.addEventListener('DOMContentLoaded', function () {
    if (!window.PublicKeyCredential) { show('webauthn-unsupported') }
  })
})()
