#pragma once
// The public transparency page of each office (docs/DASHBOARD.md, "The
// public page"): no sign-in, figures only. An office links it from its own
// website:
//
//   GET /public/{office}               the page (HTML, Thai; ?lang=en for English)
//   GET /public/{office}.json          its figures as JSON
//   GET /public/{office}/{table}.csv   each table as CSV (UTF-8 with BOM)
//   GET /public/public.css             its stylesheet
//
// What it shows: the last 12 months' satisfaction (per dimension, by month)
// and complaint figures (counts by category, outcome and month, times, the
// 15-day rule, within target). What it never shows: any text a citizen
// typed (complaint texts, comments, landmarks, villages), any name, phone or
// address, officers, units or tickets. Complaint categories and states are
// named by the hub's own lists, never by what a record carried.
//
// Answers are computed at most once a minute per office (and kept for the
// others), carry Cache-Control: public, and one client address may ask for
// at most `perMinute` of them a minute (429 beyond). The page has no script
// and a Content-Security-Policy that allows none.

#include "hub/service.hpp"
#include "hub/storage.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace fangsiang::hub {

struct PublicPageOptions {
    int perMinute = 120;           // answers per client address a minute
    std::int64_t cacheMs = 60'000; // how long computed figures are kept
    int months = 12;               // the period shown: the last N months
};

class PublicPages {
public:
    PublicPages(HubStorage& storage, std::function<std::int64_t()> clock, PublicPageOptions options = {});
    ~PublicPages();

    [[nodiscard]] static bool serves(std::string_view path);
    // `query` is the request's parameters (lang=en); `address` the client's.
    [[nodiscard]] HubResponse answer(const std::string& path, const std::multimap<std::string, std::string>& query,
                                     const std::string& address);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace fangsiang::hub
