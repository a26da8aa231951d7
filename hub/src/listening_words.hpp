#pragma once
// The Thai stop words and the complaint words libthai's dictionary lacks
// (assets/listening/stopwords-th.txt and words-th.txt), as built in.
// Private to hub/src.

#include <string_view>

namespace fangsiang::hub {

extern const std::string_view kShippedStopWords;
extern const std::string_view kShippedWords;

}  // namespace fangsiang::hub
