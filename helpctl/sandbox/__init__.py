"""A local Zendesk-compatible helpdesk: the same paths, envelopes, errors, pagination, jobs and
rate limits as Zendesk's Support API, over SQLite, for tests, benchmarks and ``backend: sandbox``.

::

    runner.SandboxServer        uvicorn in a background thread (``helpctl sandbox serve`` in front)
    app.SandboxApp              account selection, auth, rate limits, faults → starlette router
      routes.all_routes         every path: each configuration kind's, then the other areas:
        kinds/<kind>.py         one module per configuration kind (``SANDBOX_KIND``: its
                                collection and routes), found by ``kinds/__init__``: brands,
                                groups, ticket_fields (+ options, reorder), ticket_forms,
                                dynamic_content (+ variants), trigger_categories (string ids,
                                ``errors`` shape, jobs), triggers, automations, macros, views
        rules_api               what the rule kinds share (bulk routes, definitions, checks)
        content_api             locales
        users_api               users (+ create_or_update[_many], search), organizations
        uploads_api             uploads, attachments
        tickets_api             tickets, ticket import, incremental export
        ticket_updates          ticket update (one / update_many), storing tickets
        jobs                    job statuses: queued → working → completed, expiry
    body                        reading and parsing request bodies: size, depth, text limits
    schemas                     the JSON type of every writable attribute, per object
    crud, paging, replies       the generic collection (+ unique names), both
                                pagination styles, error bodies
    validation, rule_refs       rule checks (the shared rule catalogue + account references)
    ticket_model, view_output   ticket/comment documents, a view's ``execution``
    ratelimit, faults           per-account budgets, seeded injected faults
    store, seed                 SQLite storage, what a new account holds

Known differences from Zendesk: jobs do their work at once (only their status lags); the
incremental export includes tickets changed in the last minute; no business rules run; no
per-endpoint rate limits (incremental export, ticket index); no concurrent-job limit; a support
address outside ``*.zendesk.com`` is verified by ``PUT /recipient_addresses/{id}/verify`` alone
(no mail is received).
"""
