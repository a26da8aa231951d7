#pragma once
// File modes for the tests of finding "every file 0600, every folder 0700":
// a umask set for one scope, and the entries of a folder that are not.

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fangsiang::test {

// Sets the process's umask for one scope (and the children it starts).
class UmaskScope {
public:
    explicit UmaskScope(mode_t mask) : m_old(::umask(mask)) {}
    ~UmaskScope() { ::umask(m_old); }
    UmaskScope(const UmaskScope&) = delete;
    UmaskScope& operator=(const UmaskScope&) = delete;

private:
    mode_t m_old;
};

inline mode_t modeOf(const std::filesystem::path& path) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

inline std::string octal(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode));
    return text;
}

// Every entry under `dir` (not `dir` itself) that is not a file of mode 0600
// or a folder of mode 0700, as "name mode", for a CHECK to print; and the
// names of the files seen in `seen`.
inline std::vector<std::string> notPrivate(const std::filesystem::path& dir, std::vector<std::string>* seen = nullptr) {
    std::vector<std::string> loose;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        const auto name = std::filesystem::relative(entry.path(), dir).string();
        const mode_t mode = modeOf(entry.path());
        const bool folder = entry.is_directory();
        if (seen != nullptr && !folder)
            seen->push_back(name);
        if (mode != (folder ? 0700 : 0600))
            loose.push_back(name + " " + octal(mode));
    }
    return loose;
}

}  // namespace fangsiang::test
