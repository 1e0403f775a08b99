#pragma once
// Kept for the files that still include it from here: the reading lives in the codec.

#include "codec/job_answers.hpp"
